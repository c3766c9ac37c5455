"""Pages of a list worked out in Python (a plan's reasons, the units' risks), shown with the same
pager (``_macros.html: pager``) as a page of a database query (``db.paginate``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_sqlalchemy.pagination import Pagination


class ListPage(Pagination):
    """One page of ``items``; the page number comes from the request's ``page`` argument."""

    def _query_items(self) -> list[Any]:
        items = self._query_args["items"]
        return list(items[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def list_page(items: Sequence, per_page: int) -> ListPage:
    return ListPage(per_page=per_page, max_per_page=per_page, error_out=False, items=items)
