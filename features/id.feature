@resource:cpu=0.1,memory=128,storage=10,story_points=1
Feature: specgate id prints the feature SHA anyone can reproduce
  The feature SHA names the evidence folder and the spec branch. It is the first 12 hex chars of
  SHA-256 over the sha256sum manifest of the spec set, so
  `find features -name '*.feature' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`
  gives the same value.

  @dogfood
  Scenario: The SHA of a one-file spec set
    Given the project file "features/a.feature" contains:
      """
      Feature: A
      """
    When I run "specgate id"
    Then the exit code is 0
    And the output matches /^[0-9a-f]{12}$/

  @dogfood
  Scenario: Editing a spec changes the SHA
    Given the project file "features/a.feature" contains:
      """
      Feature: A
      """
    When I run "specgate id"
    Then the output contains "411924289dfe"
    Given the project file "features/a.feature" contains:
      """
      Feature: B
      """
    When I run "specgate id" again
    Then the output does not contain "411924289dfe"
