"""What the tests share: the fixture world (world.py), factories for extra objects (factories.py), reading
pages and forms back as a browser would (pages.py), and the catalogue check run before the session
(catalogues.py). The fixtures themselves stay thin, in tests/conftest.py."""
