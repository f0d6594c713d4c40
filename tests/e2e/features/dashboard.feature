Feature: Real-time MOC dashboard
  As a LEGO MOC builder
  I want my dashboard to show my collection and keep it current on its own
  So that I always see where my builds stand without reloading the page

  The page runs in Chromium against a real dashboard-server --demo with a
  fresh data dir, which seeds the demo users alice and bob with their own
  collections. Expected values are read back through the JSON API; the page
  is read and clicked through its semantics overlay (data-testid ids).

  Background:
    Given a fresh dashboard server where alice and bob each have a demo collection

  Scenario: The dashboard displays all cards on initial load
    When alice has the dashboard open
    Then the dashboard shows these cards:
      | collection-summary-card |
      | theme-breakdown-card    |
      | recent-mocs-card        |
      | quick-actions-card      |
      | partial-parts-table     |
    And the connection status reads "Live"

  Scenario: Collection Summary shows the correct totals
    When alice has the dashboard open
    Then the Collection Summary shows alice's totals from the API

  Scenario: Recent MOCs display newest first
    When alice has the dashboard open
    Then Recent MOCs lists alice's latest MOCs newest first, as the API has them

  Scenario Outline: Each Quick Action navigates to its page
    Given alice has the dashboard open
    When she clicks the "<action>" quick action
    Then the address becomes "<path>" through history, without a reload
    And going back returns to "/dashboard"

    Examples:
      | action         | path      |
      | Add New MOC    | /mocs/new |
      | Browse Gallery | /gallery  |
      | View Wishlist  | /wishlist |

  Scenario: A MOC added through the API appears without a reload
    Given alice has the dashboard open
    When alice adds the MOC "Lunar Rover" through the API
    Then "Lunar Rover" tops Recent MOCs
    And the Collection Summary shows alice's totals from the API
    And the page was not reloaded

  Scenario: A parts coverage change updates the Partial Parts table
    Given alice has the dashboard open
    And alice adds the MOC "Harbour Crane" through the API
    And "Harbour Crane" is not in the Partial Parts table
    When the parts coverage of "Harbour Crane" changes to partly ordered at 42.5%
    Then the Partial Parts table lists "Harbour Crane" at "42.5%"
    And the page was not reloaded

  Scenario: Degraded mode activates when the live connection fails repeatedly
    Given alice has the dashboard open
    And the network starts refusing WebSocket upgrades
    When the live connection drops
    And alice adds the MOC "Polled In" through the API
    Then the degraded mode banner reads "Live updates paused, refreshing every 30 s"
    And the connection status reads "Disconnected"
    And "Polled In" tops Recent MOCs
    And the Collection Summary shows alice's totals from the API
    And the page polled the snapshot since the connection dropped

  Scenario: Degraded mode clears when the connection returns
    Given alice has the dashboard open
    And the network starts refusing WebSocket upgrades
    And the live connection drops
    And the degraded mode banner shows
    When the network accepts WebSocket upgrades again
    Then the connection status reads "Live"
    And the degraded mode banner is gone
    And a "Reconnected" toast shows
    When alice adds the MOC "Live Again" through the API
    Then "Live Again" tops Recent MOCs

  Scenario: The connection indicator reflects connected, reconnecting and disconnected
    Given alice has the dashboard open
    Then the connection status reads "Live"
    When the server goes away
    Then the connection status reads "Reconnecting"
    And after repeated failures the connection status reads "Disconnected"
    When the server comes back
    Then the connection status reads "Live"

  Scenario: An invalid token leads to the sign-in prompt, not a retry loop
    Given alice's browser holds an invalid token
    When alice opens the dashboard
    Then the sign-in form shows
    And the connection status reads "Disconnected"
    And over the next 3 seconds the page neither reconnects nor refetches

  Scenario: Two tabs of one user stay in step, and another user never sees the change
    Given alice has the dashboard open
    And alice has a second tab open
    And bob has the dashboard open
    When alice adds the MOC "Shared Spaceport" through the API
    Then "Shared Spaceport" tops Recent MOCs in each of alice's tabs
    And each of alice's tabs shows alice's totals from the API
    And bob's dashboard still shows bob's totals from the API, without "Shared Spaceport"
