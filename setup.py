"""Ship the top-level templates/, questionnaires/ and migrations/ inside the package."""

from setuptools import find_packages, setup

DATA_PACKAGES = {
    "coopassess.templates": "templates",
    "coopassess.questionnaires": "questionnaires",
    "coopassess.migrations": "migrations",
}

setup(
    packages=find_packages(include=["coopassess", "coopassess.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
    package_data={
        "coopassess": ["static/**/*"],
        "coopassess.templates": ["**/*.html"],
        "coopassess.questionnaires": ["**/*.yaml"],
        "coopassess.migrations": ["*.py", "*.mako", "versions/*.py"],
    },
)
