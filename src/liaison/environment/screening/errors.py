"""The one exception bad declarations raise, so callers can tell input errors from bugs."""


class ScreeningInputError(ValueError):
    """A declaration the engine cannot screen (e.g. an HS code that does not exist).

    The message is meant for the officer: it says what is wrong and what would be accepted.
    """
