"""The area level in URLs: one path converter, `<level:level>`, for every route of a district or a
province ("huyen" or "tinh", households.units.AREA_LEVELS): any other word is not found before a view
runs. Imported (registered) by each URL module that uses it."""

from django.urls import register_converter

from households.units import AREA_LEVELS


class AreaLevelConverter:
    regex = "|".join(AREA_LEVELS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AreaLevelConverter, "level")
