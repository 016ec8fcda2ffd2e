"""The arithmetic of a probability sample: how many people, how many per stratum, which communes.

Pure functions: numbers in, frozen dataclasses out; no database and no request. The services
feed them the sampling frame (communes and populations) and store what they return.

1. Sample size (Cochran, with the finite-population correction)::

       z   = Φ⁻¹(1 − (1 − c) / 2)          c = confidence level; z(95%) = 1.959964
       n₀  = z² · p · (1 − p) / e²          p = expected proportion, e = margin of error
       n₁  = n₀ / (1 + (n₀ − 1) / N)        N = population (n₁ = n₀ when N is unknown)
       n₂  = n₁ · deff                      deff = design effect of the clustered sample
       n₃  = n₂ / (1 − r)                   r = expected non-response
       n   = ⌈n₃⌉                           rounded up once, at the end

   ±5% at 95%: n₀ = 1.959964² · 0.25 / 0.0025 = 384.1 → 385 (p = 0.5), 245.9 → 246 (p = 0.8);
   with N = 100: n₁ = 384.1 / (1 + 383.1 / 100) = 79.5 → 80.

2. Allocation of a total across strata: stratum h gets x_h = clamp(λ · w_h, m, c_h), where w_h is
   its population (proportional) or 1 (equal), m the minimum, c_h its population (a stratum
   never gets more people than it has), and λ the one number for which Σ x_h = total. The
   shares are exact fractions; whole numbers come by the largest-remainder method (floors, then
   one more to the largest remainders), so they sum exactly to the total and stay within [m, c_h].

3. Drawing communes within a stratum: systematic sampling with probability proportional to
   size (PPS). Units are taken in the frame order given; with k units to draw from a total size
   T, the interval is I = T / k. A unit with size ≥ I is taken with certainty (probability 1),
   and the interval is worked out again for the rest until no unit reaches it. Then one random
   start s in [0, I) from ``random.Random(seed)`` picks the points s, s + I, …, s + (k' − 1)·I
   on the cumulated sizes; the unit whose range holds a point is drawn. Each remaining unit's
   inclusion probability is π_i = k' · size_i / T'. Everything but the start is exact
   (fractions), so the same seed and frame always draw the same communes.

4. Respondents: a stratum's n_h is split evenly across its drawn communes, the remainder one
   each to the largest communes; each commune's replacement reserve is ⌈share · respondents⌉.
"""

from app.sampling.design.allocation import ALLOCATION_METHODS, allocate
from app.sampling.design.draw import (
    Assignment,
    Drawn,
    DrawResult,
    FrameUnit,
    StratumPlan,
    draw_sample,
    frame_fingerprint,
    pps_systematic,
    reserve_for,
    split_respondents,
)
from app.sampling.design.errors import AllocationError, DesignInputError
from app.sampling.design.rules import (
    MAX_NONRESPONSE,
    RULES,
    check_parameters,
    parameter_errors,
)
from app.sampling.design.size import (
    CONFIDENCE_LEVELS,
    SampleSize,
    Step,
    sample_size,
    steps,
    z_value,
)

__all__ = [
    "ALLOCATION_METHODS",
    "CONFIDENCE_LEVELS",
    "MAX_NONRESPONSE",
    "RULES",
    "AllocationError",
    "Assignment",
    "DesignInputError",
    "DrawResult",
    "Drawn",
    "FrameUnit",
    "SampleSize",
    "Step",
    "StratumPlan",
    "allocate",
    "check_parameters",
    "draw_sample",
    "frame_fingerprint",
    "parameter_errors",
    "pps_systematic",
    "reserve_for",
    "sample_size",
    "split_respondents",
    "steps",
    "z_value",
]
