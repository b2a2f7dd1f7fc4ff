"""Imports every capability's models so that ``Base.metadata`` knows the whole schema (for Alembic)."""

from liaison.accounts import models as accounts_models  # noqa: F401
from liaison.agencies import models as agencies_models  # noqa: F401
from liaison.cases import models as cases_models  # noqa: F401
from liaison.core.audit import models as audit_models  # noqa: F401
from liaison.core.db import Base
from liaison.entities import models as entities_models  # noqa: F401
from liaison.environment import models as environment_models  # noqa: F401
from liaison.frontline import models as frontline_models  # noqa: F401
from liaison.matching import models as matching_models  # noqa: F401
from liaison.notifications import models as notifications_models  # noqa: F401

metadata = Base.metadata
