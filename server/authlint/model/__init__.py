"""The environment model's construction: reading a workspace and home into an EnvironmentModel.

Above the scanners (it scans the files it reads); the model's types and its
pure resolution logic live in :mod:`authlint.core.environment`.
"""

from authlint.model.collect import (
    build_model,
    code_files,
    collect,
    machine_managed_settings,
    project_folder_of,
    read_code,
)

__all__ = [
    "build_model",
    "code_files",
    "collect",
    "machine_managed_settings",
    "project_folder_of",
    "read_code",
]
