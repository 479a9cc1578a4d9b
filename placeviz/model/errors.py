"""The one base class for errors a user can cause: the message says what is wrong and what to do."""


class UserError(Exception):
    """Raised for bad input; front ends show ``str(error)`` as a sentence, never a traceback."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__
