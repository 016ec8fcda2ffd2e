"""What the design arithmetic raises, and its one rounding rule."""

import math


class DesignInputError(ValueError):
    """A parameter out of range; ``field`` names it, the message says the allowed range."""

    def __init__(self, field: str, message):
        super().__init__(field)
        self.field, self.message = field, message

    def __str__(self) -> str:
        return str(self.message)


class AllocationError(DesignInputError):
    """A total that cannot be shared across the strata under the minimum and the populations."""


def ceil_clean(value: float) -> int:
    """Round up, ignoring floating-point dust: 0.2 × 10 = 2.0000000000000004 is 2, not 3."""
    return math.ceil(round(value, 9))
