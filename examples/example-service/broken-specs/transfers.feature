# Deliberately broken: kept out of the default spec set (specgate.yaml lists features/ only)
# to show what sandbox mode reports. Try: specgate validate broken-specs/ --mode sandbox
Feature: Instant transfers

  @resource:cpu=0.1234,memory=64,storage=10
  Scenario: A transfer without a budget key and with too precise a cpu
    Given the service is running
    When I call POST /v1/transfers
    Then I receive a 201 Created response

  Scenario: A transfer with no budget and no outcome
    Given the service is running
    When I call GET /v1/transfers/123

  @resource:cpu=0.5,memory=256,storage=20,story_points=25,region=eu
  Scenario: Out of range story points and an unknown key
    Given the service is running
    When I call GET /v1/transfers
    Then I receive a 200 OK response
