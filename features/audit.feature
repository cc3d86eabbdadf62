@resource:cpu=0.1,memory=128,storage=10,story_points=2
Feature: specgate audit verify detects a tampered ledger
  Every checkpoint is one line of reports/audit/checkpoints.log chained by SHA-256 to the line
  before it. Any edit, deletion or reordering is detected and the first bad line is named.

  @dogfood
  Scenario: A project without a ledger verifies as empty
    Given an empty project
    When I run "specgate audit verify"
    Then the exit code is 0
    And the output contains "chain intact"

  @dogfood
  Scenario: A forged line is named
    Given the project file "reports/audit/checkpoints.log" contains:
      """
      2025-09-24T14:04:40Z | 20250924140440 | 005cc0262265 | preflight | success | spec-validation-report.json | 0000000000000000000000000000000000000000000000000000000000000000
      """
    When I run "specgate audit verify"
    Then the exit code is 1
    And the output contains "checkpoints.log:1: error LEDGER_CHAIN_MISMATCH"
