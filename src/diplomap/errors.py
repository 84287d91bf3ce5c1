"""The exceptions diplomap raises.

Callers catch at the level they need::

    DiplomapError                 anything diplomap raises on purpose
    ├── InputError                a source document cannot be read or parsed
    ├── KnowledgeBaseError        a knowledge-base data file is missing or malformed
    ├── PipelineError             the NLP pipeline cannot be built (e.g. model not installed)
    ├── EvaluationError           a gold file is malformed
    ├── StoreError                the event store cannot be opened or written
    │   └── StoreBusy             another process is writing the store; try again shortly
    └── StorageFault              the store's disk filled or its file became unwritable mid-write

Every message names the input it concerns and what was wrong with it.
"""


class DiplomapError(Exception):
    """Base class for every error diplomap raises on purpose."""


class InputError(DiplomapError):
    """A source document cannot be read or parsed.

    ``source`` names the file, URL or line the error concerns.
    """

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class KnowledgeBaseError(DiplomapError):
    """A knowledge-base data file is missing or malformed."""


class PipelineError(DiplomapError):
    """The NLP pipeline cannot be built."""


class EvaluationError(DiplomapError):
    """A gold-standard file is malformed."""


class StoreError(DiplomapError):
    """The event store cannot be opened, migrated or written."""


class StoreBusy(StoreError):
    """Another process kept the store longer than a reader would wait; trying again later works."""


class StorageFault(DiplomapError):
    """A write to the store failed below the database: the disk filled, or the file or its folder
    became unwritable or went away. What earlier transactions committed is kept; the transaction
    under way was not. Not a StoreError, so that a loader does not retry document by document.

    ``where`` is the store, ``what`` the fault in words, ``advice`` what to do about it.
    """

    def __init__(self, where: str, what: str, detail: str, advice: str):
        super().__init__(f"{where}: {what} ({detail})")
        self.where, self.what, self.detail, self.advice = where, what, detail, advice
