"""Local fake HTTP servers for the social connectors: no test reaches a real platform.

`FakeServer` is a small recording HTTP server on 127.0.0.1 (a free port, in a thread). Routes
are scripted per (method, path) with a handler, a fixed `Reply`, or a queue of replies that are
used first (to make one call fail, answer slowly, or answer 429). Paths may hold `{name}` parts.

The `install_<platform>` functions make the server behave like that platform as documented,
and *check the request's shape* (path, method, headers, body fields): a request of the wrong
shape gets a 400 in the platform's own error format, so a connector that sends the wrong shape
fails its test.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# --- the generic server ---------------------------------------------------------------------


@dataclass
class Part:
    """One part of a multipart/form-data body."""

    data: bytes
    filename: str | None = None
    content_type: str = ""

    @property
    def text(self) -> str:
        return self.data.decode()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # the {name} parts of the route

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def json(self):
        if self.content_type != "application/json":
            return None
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    @property
    def form(self) -> dict[str, list[str]]:
        """Fields of a url-encoded body, or the text fields of a multipart body."""
        if self.content_type == "application/x-www-form-urlencoded":
            return parse_qs(self.body.decode(), keep_blank_values=True)
        if self.content_type == "multipart/form-data":
            return {name: [part.text] for name, part in self.parts.items() if part.filename is None}
        return {}

    def field(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None

    @property
    def parts(self) -> dict[str, Part]:
        if self.content_type != "multipart/form-data":
            return {}
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        parts = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            parts[name] = Part(
                data=part.get_payload(decode=True) or b"",
                filename=part.get_filename(),
                content_type=part.get_content_type() if part.get("content-type") else "",
            )
        return parts

    def bearer(self) -> str | None:
        value = self.headers.get("authorization", "")
        return value[len("Bearer ") :] if value.startswith("Bearer ") else None


@dataclass
class Reply:
    status: int = 200
    json: object = None
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0  # seconds before answering (longer than the client's time-out: no answer)


@dataclass
class Through:
    """Queued: the route's own handler does the work (the post is made), but the answer comes
    only after `delay` seconds, so a client with a shorter time-out never sees it."""

    delay: float


Handler = Callable[[Request], Reply]


class FakeServer:
    def __init__(self):
        self.requests: list[Request] = []
        self._routes: list[tuple[str, re.Pattern, str, Handler]] = []
        self._queues: dict[tuple[str, str], deque] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- scripting --------------------------------------------------------------------------

    def route(self, method: str, path: str, answer: Handler | Reply) -> None:
        """Answer `method path` with a handler (a function of the `Request`) or a fixed reply.
        A later route for the same method and path replaces the earlier one."""
        handler = answer if callable(answer) else (lambda request, reply=answer: reply)
        pattern = re.compile(
            "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$"
        )
        with self._lock:
            self._routes = [r for r in self._routes if (r[0], r[2]) != (method, path)]
            self._routes.insert(0, (method, pattern, path, handler))

    def queue(self, method: str, path: str, *replies: Reply | Through | Handler) -> None:
        """Replies (or handlers) used once each, in order, before the route's own answer. `path`
        is the route's pattern or a concrete path."""
        with self._lock:
            self._queues.setdefault((method, path), deque()).extend(replies)

    def calls(self, method: str, path: str | None = None) -> list[Request]:
        """The recorded requests with this method and (exact) path."""
        return [r for r in self.requests if r.method == method and (path is None or r.path == path)]

    # --- serving ----------------------------------------------------------------------------

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            for method, pattern, path, handler in self._routes:
                match = pattern.match(request.path)
                if method == request.method and match:
                    request.params = match.groupdict()
                    queued = self._queues.get((method, request.path)) or self._queues.get(
                        (method, path)
                    )
                    if queued:
                        scripted = queued.popleft()
                        if isinstance(scripted, Reply):
                            return scripted
                        if isinstance(scripted, Through):
                            reply = handler(request)
                            return replace(reply, delay=scripted.delay)
                        handler = scripted
                    break
            else:
                return Reply(404, json={"error": f"no route for {request.method} {request.path}"})
        return handler(request)

    def _handler_class(self):
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # quiet in test output
                pass

            def _handle(self):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    method=self.command,
                    path=split.path,
                    query={
                        k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()
                    },
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                try:
                    reply = server._answer(request)
                except Exception as error:  # a bug in a fake: show it in the test's failure
                    reply = Reply(599, json={"error": f"fake failed: {error!r}"})
                if reply.delay:
                    time.sleep(reply.delay)
                payload = json.dumps(reply.json).encode() if reply.json is not None else reply.body
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Length": str(len(payload)), **reply.headers}
                    if reply.json is not None:
                        headers.setdefault("Content-Type", "application/json")
                    for name, value in headers.items():
                        self.send_header(name, str(value))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a time-out test)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        return _Handler


# --- helpers for the platform fakes ---------------------------------------------------------


def _missing(request: Request, *, headers: dict | None = None) -> str | None:
    """The first expected header that is absent or different, as an error text."""
    for name, value in (headers or {}).items():
        got = request.headers.get(name.lower())
        if got is None or (value is not None and got != value):
            return f"header {name} must be {value!r}, got {got!r}"
    return None


class _Counter:
    def __init__(self, start: int = 100):
        self.value = start
        self.lock = threading.Lock()

    def next(self) -> int:
        with self.lock:
            self.value += 1
            return self.value


# --- Mastodon -------------------------------------------------------------------------------


@dataclass
class MastodonFake:
    server: FakeServer
    token: str = "mastodon-token"
    statuses_by_key: dict = field(default_factory=dict)
    media: dict = field(default_factory=dict)
    processing_polls: int = 0  # how many GET /api/v1/media/:id answer 206 before the url is there


def install_mastodon(server: FakeServer) -> MastodonFake:
    fake = MastodonFake(server)
    ids = _Counter()

    def error(status: int, text: str) -> Reply:
        return Reply(status, json={"error": text})

    def authorised(request: Request) -> Reply | None:
        if request.bearer() != fake.token:
            return error(401, "The access token is invalid")
        return None

    def verify(request):
        return authorised(request) or Reply(
            json={"id": "1", "username": "raad", "acct": "raad", "url": f"{server.url}/@raad"}
        )

    def upload(request):
        if refused := authorised(request):
            return refused
        parts = request.parts
        if "file" not in parts or not parts["file"].filename:
            return error(422, "Validation failed: File can't be blank")
        if not parts["file"].content_type.startswith("image/"):
            return error(422, "Validation failed: File has an invalid content type")
        media_id = str(ids.next())
        fake.media[media_id] = {
            "description": parts["description"].text if "description" in parts else None,
            "polls": fake.processing_polls,
        }
        if fake.processing_polls:
            return Reply(202, json={"id": media_id, "type": "image", "url": None})
        return Reply(json={"id": media_id, "type": "image", "url": f"{server.url}/m/{media_id}"})

    def media(request):
        if refused := authorised(request):
            return refused
        item = fake.media.get(request.params["id"])
        if item is None:
            return error(404, "Record not found")
        if item["polls"] > 0:
            item["polls"] -= 1
            return Reply(206, json={"id": request.params["id"], "url": None})
        return Reply(json={"id": request.params["id"], "url": f"{server.url}/m/1"})

    def status(request):
        if refused := authorised(request):
            return refused
        key = request.headers.get("idempotency-key")
        if not key:
            return error(400, "fake: Idempotency-Key header missing")
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return error(400, "fake: form body expected")
        text = request.field("status")
        if not text:
            return error(422, "Validation failed: Text can't be blank")
        if len(text) > 500:
            return error(422, "Validation failed: Text character limit of 500 exceeded")
        if request.field("visibility") != "public":
            return error(400, "fake: visibility=public expected")
        media_ids = request.form.get("media_ids[]", [])
        for media_id in media_ids:
            if media_id not in fake.media:
                return error(422, "Validation failed: media not found")
            if fake.media[media_id]["polls"] > 0:
                return error(422, "Cannot attach files that have not finished processing.")
        if key in fake.statuses_by_key:  # Mastodon answers a repeated key with the first status
            return Reply(json=fake.statuses_by_key[key])
        status_id = str(ids.next())
        created = {
            "id": status_id,
            "url": f"{server.url}/@raad/{status_id}",
            "content": text,
            "language": request.field("language"),
            "media_ids": media_ids,
        }
        fake.statuses_by_key[key] = created
        return Reply(json=created)

    server.route("GET", "/api/v1/accounts/verify_credentials", verify)
    server.route("POST", "/api/v2/media", upload)
    server.route("GET", "/api/v1/media/{id}", media)
    server.route("POST", "/api/v1/statuses", status)
    return fake


# --- Bluesky --------------------------------------------------------------------------------


@dataclass
class BlueskyFake:
    server: FakeServer
    identifier: str = "raad.bsky.social"
    password: str = "app-pass-word"
    did: str = "did:plc:raad123"
    jwt: str = "bsky-access-jwt"
    records: dict = field(default_factory=dict)  # rkey -> record
    blobs: list = field(default_factory=list)


TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def install_bluesky(server: FakeServer) -> BlueskyFake:
    fake = BlueskyFake(server)

    def error(status: int, name: str, message: str) -> Reply:
        return Reply(status, json={"error": name, "message": message})

    def authorised(request):
        if request.bearer() != fake.jwt:
            return error(401, "AuthenticationRequired", "Authentication Required")
        return None

    def session(request):
        data = request.json
        if not isinstance(data, dict) or {"identifier", "password"} - data.keys():
            return error(
                400, "InvalidRequest", "Input must have the properties identifier, password"
            )
        if (data["identifier"], data["password"]) != (fake.identifier, fake.password):
            return error(401, "AuthenticationRequired", "Invalid identifier or password")
        return Reply(
            json={
                "accessJwt": fake.jwt,
                "refreshJwt": "refresh",
                "handle": fake.identifier,
                "did": fake.did,
            }
        )

    def upload(request):
        if refused := authorised(request):
            return refused
        if request.content_type not in ("image/jpeg", "image/png"):
            return error(400, "InvalidRequest", "fake: Content-Type of the image expected")
        if not request.body or len(request.body) > 1_000_000:
            return error(400, "BlobTooLarge", "This file is too large")
        ref = f"bafkrei{len(fake.blobs)}"
        blob = {
            "$type": "blob",
            "ref": {"$link": ref},
            "mimeType": request.content_type,
            "size": len(request.body),
        }
        fake.blobs.append(blob)
        return Reply(json={"blob": blob})

    def get_record(request):
        if refused := authorised(request):
            return refused
        query = request.query
        if query.get("repo") != fake.did or query.get("collection") != "app.bsky.feed.post":
            return error(400, "InvalidRequest", "fake: repo and collection expected")
        record = fake.records.get(query.get("rkey"))
        if record is None:
            return error(400, "RecordNotFound", f"Could not locate record: {query.get('rkey')}")
        uri = f"at://{fake.did}/app.bsky.feed.post/{query['rkey']}"
        return Reply(json={"uri": uri, "cid": "bafyrecord", "value": record})

    def create_record(request):
        if refused := authorised(request):
            return refused
        data = request.json or {}
        record = data.get("record") or {}
        problems = []
        if data.get("repo") != fake.did:
            problems.append("repo must be the did")
        if data.get("collection") != "app.bsky.feed.post":
            problems.append("collection")
        if not TID_RE.match(data.get("rkey") or ""):
            problems.append("rkey must be a TID")
        if record.get("$type") != "app.bsky.feed.post" or not isinstance(record.get("text"), str):
            problems.append("record $type/text")
        if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", record.get("createdAt", "")):
            problems.append("createdAt must be ISO 8601 UTC")
        text_bytes = record.get("text", "").encode()
        for facet in record.get("facets", []):
            index, features = facet.get("index", {}), facet.get("features", [])
            chunk = text_bytes[index.get("byteStart", 0) : index.get("byteEnd", 0)].decode(
                errors="replace"
            )
            if not features or features[0].get("$type") != "app.bsky.richtext.facet#link":
                problems.append("facet feature type")
            elif features[0].get("uri") != chunk:
                problems.append(f"facet offsets point at {chunk!r}")
        embed = record.get("embed")
        if embed is not None:
            images = embed.get("images") or []
            if embed.get("$type") != "app.bsky.embed.images" or not images:
                problems.append("embed $type")
            for image in images:
                if "alt" not in image or image.get("image") not in fake.blobs:
                    problems.append("image needs alt and an uploaded blob")
        if problems:
            return error(400, "InvalidRequest", "Invalid record: " + "; ".join(problems))
        if data["rkey"] in fake.records:
            return error(400, "InvalidRequest", "Record already exists")
        fake.records[data["rkey"]] = record
        uri = f"at://{fake.did}/app.bsky.feed.post/{data['rkey']}"
        return Reply(json={"uri": uri, "cid": "bafyrecord"})

    server.route("POST", "/xrpc/com.atproto.server.createSession", session)
    server.route("POST", "/xrpc/com.atproto.repo.uploadBlob", upload)
    server.route("GET", "/xrpc/com.atproto.repo.getRecord", get_record)
    server.route("POST", "/xrpc/com.atproto.repo.createRecord", create_record)
    return fake


# --- LinkedIn -------------------------------------------------------------------------------


@dataclass
class LinkedInFake:
    server: FakeServer
    token: str = "linkedin-token"
    organization_id: str = "5583111"
    posts: list = field(default_factory=list)
    images: dict = field(default_factory=dict)  # urn -> uploaded bytes (None before the PUT)


def install_linkedin(server: FakeServer) -> LinkedInFake:
    fake = LinkedInFake(server)
    ids = _Counter()
    owner = f"urn:li:organization:{fake.organization_id}"

    def error(status: int, message: str, code: str | None = None) -> Reply:
        body = {"status": status, "message": message}
        if code:
            body["code"] = code
        return Reply(status, json=body)

    def checked(request) -> Reply | None:
        if problem := _missing(
            request, headers={"LinkedIn-Version": "202510", "X-Restli-Protocol-Version": "2.0.0"}
        ):
            return error(400, f"fake: {problem}")
        if request.bearer() != fake.token:
            return error(401, "Invalid access token", "INVALID_ACCESS_TOKEN")
        return None

    def organization(request):
        if refused := checked(request):
            return refused
        if request.params["id"] != fake.organization_id:
            return error(404, "Not found")
        return Reply(json={"localizedName": "Centrale Cliëntenraad", "vanityName": "ccr"})

    def initialize(request):
        if refused := checked(request):
            return refused
        if request.query.get("action") != "initializeUpload":
            return error(400, "fake: ?action=initializeUpload expected")
        data = request.json or {}
        if data.get("initializeUploadRequest", {}).get("owner") != owner:
            return error(400, "fake: initializeUploadRequest.owner must be the organisation")
        urn = f"urn:li:image:C4E{ids.next()}"
        fake.images[urn] = None
        return Reply(
            json={
                "value": {
                    "uploadUrlExpiresAt": 1650567510704,
                    "uploadUrl": f"{server.url}/dms-uploads/{urn}/upload",
                    "image": urn,
                }
            }
        )

    def put_image(request):
        if request.bearer() != fake.token:
            return error(401, "Invalid access token")
        urn = request.params["urn"]
        if urn not in fake.images or not request.body:
            return error(400, "fake: unknown upload or empty body")
        fake.images[urn] = request.body
        return Reply(201)

    def create_post(request):
        if refused := checked(request):
            return refused
        data = request.json or {}
        problems = []
        if data.get("author") != owner:
            problems.append("author")
        if not isinstance(data.get("commentary"), str):
            problems.append("commentary")
        if data.get("visibility") != "PUBLIC" or data.get("lifecycleState") != "PUBLISHED":
            problems.append("visibility/lifecycleState")
        distribution = data.get("distribution") or {}
        if distribution.get("feedDistribution") != "MAIN_FEED" or not isinstance(
            distribution.get("targetEntities"), list
        ):
            problems.append("distribution")
        if data.get("isReshareDisabledByAuthor") is not False:
            problems.append("isReshareDisabledByAuthor")
        media = (data.get("content") or {}).get("media")
        if "content" in data and (
            not media or fake.images.get(media.get("id")) is None or "altText" not in media
        ):
            problems.append("content.media must name an uploaded image, with altText")
        if problems:
            return error(422, "fake: wrong post fields: " + ", ".join(problems))
        urn = f"urn:li:share:{ids.next()}"
        fake.posts.append({**data, "id": urn})
        return Reply(201, headers={"x-restli-id": urn})

    server.route("GET", "/rest/organizations/{id}", organization)
    server.route("POST", "/rest/images", initialize)
    server.route("PUT", "/dms-uploads/{urn}/upload", put_image)
    server.route("POST", "/rest/posts", create_post)
    return fake


# --- Facebook and Instagram (Graph API) ------------------------------------------------------


def graph_error(status: int, message: str, code: int = 100, kind: str = "OAuthException") -> Reply:
    return Reply(
        status, json={"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "X"}}
    )


def _graph_token(request: Request, token: str, *, post: bool) -> Reply | None:
    """Graph takes the token as `access_token`; we want it in the body of a POST."""
    if post:
        if "access_token" in request.query:
            return graph_error(400, "fake: access_token belongs in the body, not the address")
        given = request.field("access_token")
    else:
        given = request.query.get("access_token")
    if given != token:
        return graph_error(400, "Error validating access token: Session has expired", code=190)
    return None


@dataclass
class FacebookFake:
    server: FakeServer
    token: str = "page-token"
    page_id: str = "1234"
    posts: list = field(default_factory=list)


def install_facebook(server: FakeServer) -> FacebookFake:
    fake = FacebookFake(server)
    ids = _Counter()

    def page(request):
        if refused := _graph_token(request, fake.token, post=False):
            return refused
        if request.params["page"] != fake.page_id:
            return graph_error(400, "Unsupported get request.")
        if set(request.query.get("fields", "").split(",")) != {"name", "link"}:
            return graph_error(400, "fake: fields=name,link expected")
        return Reply(
            json={"name": "Cliëntenraad", "link": "https://www.facebook.com/ccr", "id": "1"}
        )

    def feed(request):
        if request.params["page"] != fake.page_id:
            return graph_error(400, "fake: wrong page")
        if refused := _graph_token(request, fake.token, post=True):
            return refused
        if request.content_type != "application/x-www-form-urlencoded" or not request.field(
            "message"
        ):
            return graph_error(400, "(#100) The parameter message is required")
        post_id = f"{fake.page_id}_{ids.next()}"
        fake.posts.append(
            {"id": post_id, "message": request.field("message"), "link": request.field("link")}
        )
        return Reply(json={"id": post_id})

    def photos(request):
        if request.params["page"] != fake.page_id:
            return graph_error(400, "fake: wrong page")
        if refused := _graph_token(request, fake.token, post=True):
            return refused
        parts = request.parts
        if "source" not in parts or not parts["source"].filename:
            return graph_error(400, "(#324) Requires upload file")
        photo_id = str(ids.next())
        post_id = f"{fake.page_id}_{ids.next()}"
        fake.posts.append(
            {
                "id": post_id,
                "caption": request.field("caption"),
                "published": request.field("published"),
                "image": parts["source"].data,
            }
        )
        return Reply(json={"id": photo_id, "post_id": post_id})

    server.route("GET", "/v21.0/{page}", page)
    server.route("POST", "/v21.0/{page}/feed", feed)
    server.route("POST", "/v21.0/{page}/photos", photos)
    return fake


@dataclass
class InstagramFake:
    server: FakeServer
    token: str = "ig-token"
    user_id: str = "17841400000"
    containers: dict = field(default_factory=dict)  # id -> {"status_code", "caption", ...}
    media: list = field(default_factory=list)


def install_instagram(server: FakeServer) -> InstagramFake:
    fake = InstagramFake(server)
    ids = _Counter(17_900_000)

    def node(request):
        if refused := _graph_token(request, fake.token, post=False):
            return refused
        node_id, fields = request.params["node"], request.query.get("fields", "")
        if node_id == fake.user_id:
            return Reply(json={"id": node_id, "username": "clientenraad"})
        if node_id in fake.containers:
            if fields != "status_code":
                return graph_error(400, "fake: fields=status_code expected")
            return Reply(
                json={"id": node_id, "status_code": fake.containers[node_id]["status_code"]}
            )
        for item in fake.media:
            if item["id"] == node_id:
                if fields != "permalink":
                    return graph_error(400, "fake: fields=permalink expected")
                return Reply(json={"id": node_id, "permalink": item["permalink"]})
        return graph_error(400, "Unsupported get request.")

    def create_container(request):
        if request.params["user"] != fake.user_id:
            return graph_error(400, "fake: wrong user")
        if refused := _graph_token(request, fake.token, post=True):
            return refused
        image_url = request.field("image_url") or ""
        if not image_url.startswith(("http://", "https://")):
            return graph_error(400, "(#100) The parameter image_url is required", code=100)
        container = str(ids.next())
        fake.containers[container] = {
            "status_code": "FINISHED",
            "caption": request.field("caption"),
            "alt_text": request.field("alt_text"),
            "image_url": image_url,
        }
        return Reply(json={"id": container})

    def publish(request):
        if request.params["user"] != fake.user_id:
            return graph_error(400, "fake: wrong user")
        if refused := _graph_token(request, fake.token, post=True):
            return refused
        container = fake.containers.get(request.field("creation_id") or "")
        if container is None or container["status_code"] != "FINISHED":
            return graph_error(400, "(#9007) Media ID is not available", code=9007)
        container["status_code"] = "PUBLISHED"
        media_id = str(ids.next())
        fake.media.insert(
            0,
            {
                "id": media_id,
                "caption": container["caption"],
                "permalink": f"https://www.instagram.com/p/{media_id}/",
            },
        )
        return Reply(json={"id": media_id})

    def list_media(request):
        if refused := _graph_token(request, fake.token, post=False):
            return refused
        if request.params["user"] != fake.user_id:
            return graph_error(400, "fake: wrong user")
        limit = int(request.query.get("limit", 25))
        return Reply(json={"data": fake.media[:limit]})

    server.route("GET", "/v21.0/{node}", node)
    server.route("POST", "/v21.0/{user}/media", create_container)
    server.route("GET", "/v21.0/{user}/media", list_media)
    server.route("POST", "/v21.0/{user}/media_publish", publish)
    return fake


# --- X --------------------------------------------------------------------------------------


@dataclass
class XFake:
    server: FakeServer
    token: str = "x-token"
    refresh_token: str = "x-refresh"
    client_id: str = "x-client"
    tweets: list = field(default_factory=list)
    media: dict = field(default_factory=dict)  # id -> {"alt": ...}


def install_x(server: FakeServer) -> XFake:
    fake = XFake(server)
    ids = _Counter(1_800_000_000)

    def problem(status: int, title: str, detail: str) -> Reply:
        return Reply(
            status,
            json={"title": title, "detail": detail, "type": "about:blank", "status": status},
        )

    def authorised(request):
        if request.bearer() != fake.token:
            return problem(401, "Unauthorized", "Unauthorized")
        return None

    def me(request):
        return authorised(request) or Reply(
            json={"data": {"id": "99", "name": "Cliëntenraad", "username": "clientenraad"}}
        )

    def upload(request):
        if refused := authorised(request):
            return refused
        parts = request.parts
        if "media" not in parts or request.field("media_category") != "tweet_image":
            return problem(400, "Invalid Request", "fake: multipart media + media_category")
        media_id = str(ids.next())
        fake.media[media_id] = {"alt": None}
        return Reply(json={"data": {"id": media_id, "media_key": f"3_{media_id}"}})

    def metadata(request):
        if refused := authorised(request):
            return refused
        data = request.json or {}
        alt = ((data.get("metadata") or {}).get("alt_text") or {}).get("text")
        if data.get("id") not in fake.media or not alt:
            return problem(400, "Invalid Request", "fake: id and metadata.alt_text.text")
        fake.media[data["id"]]["alt"] = alt
        return Reply(json={"data": {"id": data["id"]}})

    def tweet(request):
        if refused := authorised(request):
            return refused
        data = request.json
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return problem(
                400, "Invalid Request", "One or more parameters to your request was invalid."
            )
        media_ids = (data.get("media") or {}).get("media_ids", [])
        if any(media_id not in fake.media for media_id in media_ids):
            return problem(400, "Invalid Request", "fake: unknown media id")
        tweet_id = str(ids.next())
        fake.tweets.append({"id": tweet_id, **data})
        return Reply(201, json={"data": {"id": tweet_id, "text": data["text"]}})

    def token(request):
        if request.content_type != "application/x-www-form-urlencoded":
            return Reply(400, json={"error": "invalid_request", "error_description": "form body"})
        fields = {
            name: request.field(name) for name in ("grant_type", "refresh_token", "client_id")
        }
        if fields != {
            "grant_type": "refresh_token",
            "refresh_token": fake.refresh_token,
            "client_id": fake.client_id,
        }:
            return Reply(
                400,
                json={
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                },
            )
        fake.token, fake.refresh_token = "x-token-new", "x-refresh-new"
        return Reply(
            json={
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": fake.token,
                "refresh_token": fake.refresh_token,
                "scope": "tweet.write users.read offline.access media.write",
            }
        )

    server.route("GET", "/2/users/me", me)
    server.route("POST", "/2/media/upload", upload)
    server.route("POST", "/2/media/metadata", metadata)
    server.route("POST", "/2/tweets", tweet)
    server.route("POST", "/2/oauth2/token", token)
    return fake
