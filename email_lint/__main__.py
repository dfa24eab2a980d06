"""Allow ``python -m email_lint``."""

from email_lint.cli import main

if __name__ == "__main__":
    main()
