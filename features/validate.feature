@resource:cpu=0.5,memory=256,storage=20,story_points=3
Feature: specgate validate checks specs against the spec rules
  A team's specs are Gherkin files whose scenarios carry resource budgets. `specgate validate`
  reports every finding like a compiler (file:line:column), as warnings in sandbox mode and as
  errors that fail the command in compliance mode.

  Background:
    Given the project file "features/pay.feature" contains:
      """
      Feature: Pay
        @resource:cpu=0.5,memory=512,storage=100,story_points=3
        Scenario: pay
          Given an account
          When I pay
          Then it is paid
      """

  @dogfood
  Scenario: A valid spec set passes in compliance mode
    When I run "specgate validate --mode compliance"
    Then the exit code is 0
    And the output contains "1 file, 1 scenario"

  @dogfood
  Scenario Outline: A bad budget is an error in compliance and a warning in sandbox
    Given the project file "features/pay.feature" has its line 2 replaced by "  @resource:<budget>"
    When I run "specgate validate --mode <mode>"
    Then the exit code is <exit>
    And the output contains "features/pay.feature:2:3: <severity> <code>"

    Examples:
      | budget                                           | mode       | exit | severity | code                  |
      | cpu=0.1234,memory=512,storage=100,story_points=3 | compliance | 1    | error    | RESOURCE_PRECISION    |
      | cpu=0.1234,memory=512,storage=100,story_points=3 | sandbox    | 0    | warning  | RESOURCE_PRECISION    |
      | cpu=0.5,memory=64,storage=100,story_points=3     | compliance | 1    | error    | RESOURCE_OUT_OF_RANGE |
      | cpu=0.5,memory=512,storage=100                   | compliance | 1    | error    | RESOURCE_MISSING_KEY  |
      | cpu=0.5,memory=512,storage=100,story_points=2.5  | compliance | 1    | error    | RESOURCE_NOT_INTEGER  |

  @dogfood
  Scenario: A scenario without an outcome step is reported at its keyword line
    Given the project file "features/pay.feature" has its line 6 replaced by "      And it is paid"
    When I run "specgate validate --mode compliance"
    Then the exit code is 1
    And the output contains "features/pay.feature:3:3: error STEP_MISSING_THEN"

  @dogfood
  Scenario: No spec files is bad input
    Given an empty project
    When I run "specgate validate nowhere/"
    Then the exit code is 2
