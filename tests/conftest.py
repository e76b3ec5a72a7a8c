"""The test suite's fixtures are pytest plugins in ``tests/fixtures/``; the helpers there
(factories, logins, campaigns) are imported by the tests that use them."""

pytest_plugins = ["tests.fixtures.app", "tests.fixtures.browser"]
