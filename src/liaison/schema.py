"""The whole schema: every installed capability's models, so that ``Base.metadata`` is complete (for Alembic)."""

from importlib import import_module

from liaison.capabilities import install
from liaison.core.db import Base

for _module in install().model_modules:
    import_module(_module)

metadata = Base.metadata
