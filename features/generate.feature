@resource:cpu=0.5,memory=256,storage=50,story_points=5
Feature: specgate generate writes hexagonal code and living docs from the specs
  Per feature: a port and HTTP routes derived from the `When I call …` steps, the router wiring,
  service and step scaffolds people own, docs/<feature>.md and docs/traceability.json. Generated
  files carry the feature SHA; running twice changes nothing.

  Background:
    Given the project file "features/ping.feature" contains:
      """
      Feature: Ping
        @resource:cpu=0.1,memory=128,storage=10,story_points=1
        Scenario: ping
          Given the service is running
          When I call GET /v1/ping
          Then I receive a 200 OK response
      """

  @dogfood
  Scenario: Generating a project
    When I run "specgate generate"
    Then the exit code is 0
    And the project file "src/generated/ping/port.ts" exists
    And the project file "src/generated/router.ts" exists
    And the project file "src/services/ping.service.ts" exists
    And the project file "docs/traceability.json" exists

  @dogfood
  Scenario: Generating twice is idempotent
    When I run "specgate generate"
    And I run "specgate generate" again
    Then the exit code is 0
    And the output contains "wrote 0 file(s)"

  @dogfood
  Scenario: A dry run plans without writing
    When I run "specgate generate --dry-run --json"
    Then the exit code is 0
    And the JSON output contains "files.0.action": "would-write"
    And the JSON output contains "dryRun": true

  @dogfood
  Scenario: CI notices generated code that is out of date
    When I run "specgate generate --check"
    Then the exit code is 1
    And the output contains "out of date"
