Feature: Order pricing
  An order is priced line by line in the currency's minor units; a rejected
  order names every field that is wrong.

  Background:
    Given the service is running

  @resource:cpu=0.25,memory=256,storage=20,story_points=3
  Scenario: A valid order is priced
    When I call POST /v1/orders
      """
      {"currency": "EUR", "lines": [{"sku": "book", "quantity": 2, "unit_price": "12.50"}, {"sku": "pen", "quantity": 3, "unit_price": "1.10"}]}
      """
    Then I receive a 201 Created response
    And the response contains "total": "28.30"
    And the response contains "lines": 2
    And the response includes "id", "total" and "currency" fields

  @resource:cpu=0.25,memory=256,storage=20,story_points=2
  Scenario: An invalid order names every wrong field
    When I call POST /v1/orders
      """
      {"currency": "XXX", "lines": []}
      """
    Then I receive a 422 Unprocessable Entity response
    And the response contains "fields": ["currency", "lines"]
