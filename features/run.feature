@resource:cpu=1.0,memory=1024,storage=500,story_points=8
Feature: specgate run takes specs to a running staging service with signed evidence
  The pipeline runs preflight, validate, generate, build, deploy and audit. Every run leaves its
  evidence under reports/<feature-sha>/<run-id>/ and one ledger line per checkpoint. Sandbox
  collects warnings and keeps going; compliance fails fast.

  Background:
    Given the project file "features/pay.feature" contains:
      """
      Feature: Pay
        @resource:cpu=0.1234,memory=512,storage=100,story_points=3
        Scenario: pay
          Given an account
          When I pay
          Then it is paid
      """

  @dogfood
  Scenario: A sandbox run keeps going past a spec warning
    When I run "specgate run --mode sandbox --stages preflight,validate"
    Then the exit code is 0
    And the output contains "preflight warning"
    And the output contains "gate spec coverage: warn — 0 of 1 scenarios passed (0%), threshold 100%; 1 undefined"
    And the project file "reports/audit/checkpoints.log" contains "| validate | warning |"

  @dogfood
  Scenario: A compliance run stops after preflight on a spec error
    When I run "specgate run --mode compliance"
    Then the exit code is 1
    And the output contains "preflight failure"
    And the output contains "validate skipped"
    And the project file "reports/audit/checkpoints.log" contains "| preflight | failure | spec-validation-report.json |"

  Scenario: Compliance requires approval by someone other than the initiator
    Given a compliance run waiting for approval before deploy
    When the initiator approves it
    Then the approval is refused
    And the run stays blocked with exit code 3
