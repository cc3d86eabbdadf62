@resource:cpu=0.25,memory=256,storage=20,story_points=5
Feature: Idempotent payment submission
  Clients retry on timeouts. A payment submitted with an Idempotency-Key is
  executed once: a retry with the same key and body replays the original
  response, a reuse of the key with a different body is refused.

  Background:
    Given the service is running

  Scenario: A retry with the same key replays the original payment
    Given the request header "Idempotency-Key" is "retry-7f3a9c21"
    When I call POST /v1/payments
      """
      {"amount": "42.00", "currency": "EUR", "creditorIban": "FR1420041010050500013M02606"}
      """
    Then I receive a 201 Created response
    When I call POST /v1/payments
      """
      {"amount": "42.00", "currency": "EUR", "creditorIban": "FR1420041010050500013M02606"}
      """
    Then I receive a 200 OK response
    And the response header "idempotent-replayed" is "true"
    And the response contains "status": "accepted"

  Scenario: Reusing a key with a different body is a conflict
    Given the request header "Idempotency-Key" is "reuse-1b2c3d4e"
    When I call POST /v1/payments
      """
      {"amount": "10.00", "currency": "EUR", "creditorIban": "DE89370400440532013000"}
      """
    Then I receive a 201 Created response
    When I call POST /v1/payments
      """
      {"amount": "99.00", "currency": "EUR", "creditorIban": "DE89370400440532013000"}
      """
    Then I receive a 409 Conflict response
    And the response contains "error": "idempotency_key_reused"

  @resource:cpu=0.1,memory=128,storage=10,story_points=1
  Scenario: A malformed key is rejected before any validation
    Given the request header "Idempotency-Key" is "short"
    When I call POST /v1/payments
      """
      {"amount": "10.00", "currency": "EUR", "creditorIban": "DE89370400440532013000"}
      """
    Then I receive a 400 Bad Request response
    And the response contains "error": "invalid_idempotency_key"
