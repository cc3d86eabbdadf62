@resource:cpu=1.0,memory=1024,storage=500,story_points=8
Feature: specgate run takes specs to a running staging service with signed evidence
  The pipeline runs preflight, validate, generate, build, deploy and audit. Every run leaves its
  evidence under reports/<feature-sha>/<run-id>/ and one ledger line per checkpoint.

  Scenario: A sandbox run keeps going past spec warnings
    Given a project whose specs have a resource precision warning
    When I run the pipeline in sandbox mode
    Then the preflight stage ends with status warning
    And the later stages still run

  Scenario: A compliance run stops after preflight on a spec error
    Given a project whose specs have a resource precision error
    When I run the pipeline in compliance mode
    Then the run exits with code 1
    And no stage after preflight has run
    And the ledger records preflight as failure

  Scenario: Compliance requires approval by someone other than the initiator
    Given a compliance run waiting for approval before deploy
    When the initiator approves it
    Then the approval is refused
    And the run stays blocked with exit code 3
