"""marshmallow schemas: validation of what comes in, shape of what goes out (api.md), by area."""

from casework.api.schemas.advice import *  # noqa: F403
from casework.api.schemas.cases import *  # noqa: F403
from casework.api.schemas.children import *  # noqa: F403
from casework.api.schemas.common import *  # noqa: F403
from casework.api.schemas.notify import *  # noqa: F403
from casework.api.schemas.staff import *  # noqa: F403
