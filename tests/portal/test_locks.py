"""The lock files match requirements*.txt: every package asked for is pinned,
inside its range, with hashes, and the dev lock pins the runtime packages at
the runtime lock's versions. Reads the files only (no network)."""

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parents[2]
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
FIX = "`make lock` writes the locks from requirements*.txt (README, Dependencies)"


def read_requirements(name: str) -> list[Requirement]:
    """The requirements a requirements*.txt file asks for, following `-r`."""
    requirements = []
    for line in (BASE_DIR / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            requirements += read_requirements(line[3:].strip())
        elif line:
            requirements.append(Requirement(line))
    return requirements


def read_lock(name: str) -> dict[str, list[tuple[Requirement, int]]]:
    """Each package's pins in a lock file (one per environment marker when the
    resolution forks), each with its number of hashes."""
    pins: dict[str, list[tuple[Requirement, int]]] = {}
    text = (BASE_DIR / name).read_text().replace("\\\n", " ")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spec = line.split("--hash=", 1)[0].strip()
        pin = Requirement(spec)
        pins.setdefault(canonicalize_name(pin.name), []).append(
            (pin, len(HASH.findall(line)))
        )
    return pins


def pinned_version(pin: Requirement) -> str:
    (specifier,) = pin.specifier
    assert specifier.operator == "==", f"{pin} is not pinned with =="
    return specifier.version


LOCKS = [
    ("requirements.txt", "requirements.lock"),
    ("requirements-dev.txt", "requirements-dev.lock"),
]


@pytest.mark.parametrize(("requirements", "lock"), LOCKS)
def test_every_requirement_is_pinned_in_range(requirements, lock):
    pins = read_lock(lock)
    for requirement in read_requirements(requirements):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {lock}: {FIX}"
        for pin, _hashes in pins[name]:
            version = pinned_version(pin)
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock} pins {pin.name}=={version}, outside {requirement} "
                f"in {requirements}: {FIX}"
            )


@pytest.mark.parametrize("lock", [lock for _requirements, lock in LOCKS])
def test_every_pin_has_hashes(lock):
    pins = read_lock(lock)
    assert pins, f"{lock} pins nothing"
    for entries in pins.values():
        for pin, hashes in entries:
            pinned_version(pin)
            assert hashes, f"{pin} has no --hash in {lock}: {FIX}"


def test_dev_lock_pins_runtime_packages_at_runtime_versions():
    runtime = read_lock("requirements.lock")
    dev = read_lock("requirements-dev.lock")
    for name, entries in runtime.items():
        assert name in dev, f"{name} is in requirements.lock only: {FIX}"
        runtime_pins = sorted(str(pin) for pin, _hashes in entries)
        dev_pins = sorted(str(pin) for pin, _hashes in dev[name])
        assert dev_pins == runtime_pins, (
            f"requirements-dev.lock pins {dev_pins}, "
            f"requirements.lock {runtime_pins}: {FIX}"
        )
