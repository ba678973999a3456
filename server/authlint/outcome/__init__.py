"""The outcome layer: the predicted request of each client per launch context, and its outcome.

Above the environment model (:mod:`authlint.core.environment`), below the
CLI and the language server. :func:`outcomes` predicts, for every launch
context of a model, what the client there sends and what happens
(:mod:`.predict`), and marks the contexts the workspace shows are in use
(:mod:`.usage`). :mod:`.weigh` turns those predictions into the severity of
each finding and the contexts it breaks.
"""

from authlint.core.outcomes import FAILING, Cause, Header, Outcome, OutcomeKind
from authlint.outcome.usage import outcomes, sdk_majors

__all__ = ["FAILING", "Cause", "Header", "Outcome", "OutcomeKind", "outcomes", "sdk_majors"]
