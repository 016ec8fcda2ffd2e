"""What the fieldwork services raise."""


class FieldworkError(Exception):
    """A fieldwork action that cannot be done now; ``message`` says why, in words (a lazy
    string, so it is shown in the reader's language)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
