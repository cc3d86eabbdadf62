@resource:cpu=0.1,memory=128,storage=10,story_points=1
Feature: Service health
  Operators and the staging deploy need to know that the service is up
  and which service is answering.

  Scenario: The health endpoint reports ok
    Given the service is running
    When I call GET /healthz
    Then I receive a 200 OK response
    And the response contains "status": "ok"
    And the response header "cache-control" is "no-store"

  Scenario: Ping names the service
    Given the service is running
    When I call GET /v1/ping
    Then I receive a 200 OK response
    And the response contains "pong": true
    And the response contains "service": "python-service"
