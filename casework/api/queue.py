from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from casework import clock
from casework.api import offset, schemas
from casework.api.auth import current_staff, require_staff
from casework.read.queue import queue
from casework.request_scope import db_session

blp = Blueprint("queue", __name__, description="Work queues")
blp.before_request(require_staff)


@blp.route("/queue")
class Queue(MethodView):
    @blp.arguments(schemas.QueueQuery, location="query")
    @blp.response(200, schemas.QueueItem(many=True))
    @blp.paginate()
    def get(self, query: dict, pagination_parameters):
        """The caller's open cases, most urgent first (managers may pass officer_id)"""
        staff = current_staff()
        officer_id = query.get("officer_id", staff.id)
        if officer_id != staff.id and not staff.is_manager:
            abort(403, message="Only managers can see another officer's queue.")
        items, total = queue(
            db_session(),
            officer_id,
            clock.today(),
            offset(pagination_parameters),
            pagination_parameters.page_size,
            focus=query.get("focus"),
        )
        pagination_parameters.item_count = total
        return items
