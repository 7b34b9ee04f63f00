"""A small client for AnkiConnect, the Anki add-on 2055492159: JSON requests over HTTP to one URL.

Nothing is sent anywhere but that URL: proxies from the environment are not used (a proxy would see
the requests and the API key), a redirect is refused rather than followed, and only http and https
URLs are accepted. Every failure is an ``AnkiConnectError`` that says which kind it is, so that the
push can tell the person what to do about it.
"""

from __future__ import annotations

import enum
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from . import DEFAULT_URL

# The request format dockdeck speaks: replies are {"result": ..., "error": ...} since version 5.
API_VERSION = 6
# Reads and small changes answer at once; a request still unanswered after this is stuck behind
# something in Anki (a dialog, a sync). An import of a big deck takes longer.
TIMEOUT = 60.0
IMPORT_TIMEOUT = 600.0
# notesInfo of a few thousand notes is a few MB; anything past this is not AnkiConnect talking.
MAX_REPLY_BYTES = 256 * 1024 * 1024


class Failure(enum.Enum):
    UNREACHABLE = "nothing answers at the URL"
    CLOSED = "the connection closed before an answer"
    TIMEOUT = "no answer in time"
    NOT_ANKICONNECT = "an answer, but not AnkiConnect's"
    REDIRECT = "a redirect to another address"
    ERROR = "AnkiConnect's own error"


class AnkiConnectError(Exception):
    """A request that did not succeed: what kind of failure, the action, and the details."""

    def __init__(self, failure: Failure, action: str, detail: str) -> None:
        self.failure = failure
        self.action = action
        self.detail = detail
        super().__init__(f"{action}: {failure.value}: {detail}")


def url_problem(url: str) -> str:
    """Why ``url`` cannot be AnkiConnect's address, or "" if it can."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as err:
        return f"{url!r} is not a URL ({err})"
    if parts.scheme not in ("http", "https"):
        return f"{url!r} is not an http:// or https:// URL, e.g. {DEFAULT_URL}"
    if not parts.hostname:
        return f"{url!r} names no host, e.g. {DEFAULT_URL}"
    if parts.username is not None or parts.password is not None:
        return f"{url!r} holds a user name or password: AnkiConnect takes its key from --api-key"
    return ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


# No ProxyHandler settings from the environment: an empty one turns them off.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


@dataclass(frozen=True)
class AnkiConnect:
    url: str
    key: str | None = None

    def request(self, action: str, params: dict[str, Any]) -> dict[str, Any]:
        """One action as AnkiConnect reads it; ``multi`` takes a list of these."""
        request: dict[str, Any] = {"action": action, "version": API_VERSION, "params": params}
        if self.key is not None:  # AnkiConnect without a key refuses a request that brings one
            request["key"] = self.key
        return request

    def call(self, action: str, timeout: float = TIMEOUT, **params: Any) -> Any:
        """The result of one action; raises ``AnkiConnectError``."""
        return _result(self._post(self.request(action, params), action, timeout), action)

    def multi(self, calls: list[tuple[str, dict[str, Any]]], timeout: float = TIMEOUT) -> list[Any]:
        """The results of several actions, which Anki runs one after the other, with nothing between them."""
        replies = self.call("multi", timeout, actions=[self.request(action, params) for action, params in calls])
        if not isinstance(replies, list) or len(replies) != len(calls):
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, "multi", f"{len(calls)} answers expected, got {replies!r:.200}")
        return [_result(reply, action) for reply, (action, _) in zip(replies, calls, strict=True)]

    def version(self) -> int:
        """AnkiConnect's API version. Versions before 5 answer with the bare number."""
        reply = self._post(self.request("version", {}), "version", TIMEOUT)
        result = reply if isinstance(reply, int) else _result(reply, "version")
        if not isinstance(result, int) or isinstance(result, bool):
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, "version", f"the version is {result!r:.200}")
        return result

    def _post(self, request: dict[str, Any], action: str, timeout: float) -> Any:
        data = json.dumps(request).encode("utf-8")
        http_request = urllib.request.Request(self.url, data=data, method="POST",
                                              headers={"Content-Type": "application/json"})
        try:
            with _OPENER.open(http_request, timeout=timeout) as response:
                body = response.read(MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as err:
            if 300 <= err.code < 400:
                where = err.headers.get("Location", "somewhere else")
                raise AnkiConnectError(Failure.REDIRECT, action, f"{err.code} to {where}") from None
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, action, f"HTTP {err.code} {err.reason}") from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                raise AnkiConnectError(Failure.TIMEOUT, action, f"nothing in {timeout:g} s") from None
            if isinstance(reason, ConnectionResetError | ConnectionAbortedError):
                raise AnkiConnectError(Failure.CLOSED, action, str(reason)) from None
            raise AnkiConnectError(Failure.UNREACHABLE, action, str(getattr(reason, "strerror", None) or reason)) \
                from None
        except TimeoutError:
            raise AnkiConnectError(Failure.TIMEOUT, action, f"nothing in {timeout:g} s") from None
        except (http.client.RemoteDisconnected, ConnectionError) as err:
            raise AnkiConnectError(Failure.CLOSED, action, str(err) or type(err).__name__) from None
        except http.client.HTTPException as err:
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, action, f"{type(err).__name__}: {err}") from None
        if len(body) > MAX_REPLY_BYTES:
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, action, f"an answer over {MAX_REPLY_BYTES} bytes")
        try:
            return json.loads(body)
        except ValueError:
            raise AnkiConnectError(Failure.NOT_ANKICONNECT, action, f"not JSON: {body[:80]!r}") from None


def _result(reply: Any, action: str) -> Any:
    if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
        raise AnkiConnectError(Failure.NOT_ANKICONNECT, action, f"{reply!r:.200}")
    if reply["error"] is not None:
        raise AnkiConnectError(Failure.ERROR, action, str(reply["error"]))
    return reply["result"]
