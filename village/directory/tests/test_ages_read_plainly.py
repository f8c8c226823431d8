"""Ages are kept as decimals (HSDS gives 2.5) but read as people write them: "2.5" and "17", never
"2.50" and "17.00", on the service page (in the reader's locale) and in the edit form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from conftest import World
from tests.served_forms import served_form
from village.directory.tests.factories import add_service


def test_ages_read_plainly_on_the_page_and_in_the_form(login: Any, world: World, client: Any) -> None:
    service = add_service(
        world.clinic, name="Toddler time", latitude=41.0, longitude=-87.0, min_age=Decimal("2.5"), max_age=17
    )
    page = client.get(reverse("directory:service", kwargs={"pk": service.pk})).content.decode()
    assert "Ages 2.5 to 17." in page
    assert "2.50" not in page and "17.00" not in page
    staff = login("mai", language="es")
    spanish = staff.get(reverse("directory:service", kwargs={"pk": service.pk})).content.decode()
    assert "2,5" in spanish
    edit = staff.get(reverse("directory:service_edit", kwargs={"pk": service.pk})).content.decode()
    form = served_form(edit, with_field="min_age")
    values = dict(form.data)
    assert values["min_age"] in ("2.5", "2,5") and values["max_age"] == "17"
