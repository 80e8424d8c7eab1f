"""The one resource locator finds samples/ and shaders/ from a checkout."""

from __future__ import annotations

import pytest

from playground import resources


def test_checkout_resources_are_found():
    for kind in resources.KINDS:
        folder = resources.resource_dir(kind)
        assert folder.name == kind and folder.is_dir()


def test_missing_resource_names_what_is_available():
    with pytest.raises(resources.ResourceNotFound) as info:
        resources.sample_path("no-such-sample.wat")
    assert "no sample named 'no-such-sample.wat'" in str(info.value)


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError):
        resources.resource_dir("fonts")
