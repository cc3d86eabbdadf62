Feature: Payment validation
  A payment instruction is validated before it is accepted: the amount must be
  positive, within the single-payment limit and use the currency's minor units;
  the currency must be a supported ISO 4217 code; the creditor IBAN must pass
  the ISO 13616 mod-97 check. Rejections name every violated field.

  Background:
    Given the service is running

  Rule: valid instructions are accepted

    @resource:cpu=0.25,memory=256,storage=20,story_points=3
    Scenario: A valid euro payment is accepted
      When I call POST /v1/payments
        """
        {
          "amount": "125.50",
          "currency": "EUR",
          "creditorIban": "DE89370400440532013000",
          "reference": "INV-2026-001"
        }
        """
      Then I receive a 201 Created response
      And the response contains "status": "accepted"
      And the response contains "amount": {"value": "125.50", "currency": "EUR", "minorUnits": 12550}
      And the response contains "creditorIban": "DE89 **** **** **** **30 00"
      And the response includes "id", "status" and "createdAt" fields

    @resource:cpu=0.25,memory=256,storage=20,story_points=2
    Scenario: A yen payment uses whole units
      When I call POST /v1/payments
        | amount       | "5000"                      |
        | currency     | "JPY"                       |
        | creditorIban | "GB82WEST12345698765432"    |
      Then I receive a 201 Created response
      And the response contains "amount.minorUnits": 5000

  Rule: invalid instructions are rejected with the field at fault

    @resource:cpu=0.25,memory=256,storage=20,story_points=5
    Scenario Outline: An invalid payment is rejected
      When I call POST /v1/payments
        | amount       | <amount>   |
        | currency     | <currency> |
        | creditorIban | <iban>     |
      Then I receive a 422 Unprocessable Entity response
      And the response contains "error": "validation_failed"
      And the response contains "violations.0.field": "<field>"

      Examples: amounts
        | amount       | currency | iban                     | field  |
        | "0.00"       | "EUR"    | "DE89370400440532013000" | amount |
        | "-5.00"      | "EUR"    | "DE89370400440532013000" | amount |
        | "10.123"     | "EUR"    | "DE89370400440532013000" | amount |
        | "10.5"       | "JPY"    | "DE89370400440532013000" | amount |
        | "1000000.01" | "EUR"    | "DE89370400440532013000" | amount |
        | 12.5         | "EUR"    | "DE89370400440532013000" | amount |

      Examples: currencies and accounts
        | amount  | currency | iban                     | field        |
        | "10.00" | "XXX"    | "DE89370400440532013000" | currency     |
        | "10.00" | "eur"    | "DE89370400440532013000" | currency     |
        | "10.00" | "EUR"    | "DE89370400440532013001" | creditorIban |
        | "10.00" | "EUR"    | "DE8937040044"           | creditorIban |

    @resource:cpu=0.1,memory=128,storage=10,story_points=1
    Scenario: A body that is not an object is rejected
      When I call POST /v1/payments
        """
        ["not", "a", "payment"]
        """
      Then I receive a 422 Unprocessable Entity response
      And the response contains "violations.0.field": "body"

  Rule: payments can be looked up by id

    @resource:cpu=0.1,memory=128,storage=10,story_points=2
    Scenario Outline: An unknown payment is not found
      When I call GET /v1/payments/<id>
      Then I receive a 404 Not Found response
      And the response contains "error": "payment_not_found"

      Examples:
        | id                    |
        | pay_0000000000000000  |
        | not-a-payment-id      |
