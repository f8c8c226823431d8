"""Types for JSON values: what `json.loads` returns and `json.dumps` accepts."""

type JSON = dict[str, JSON] | list[JSON] | str | int | float | bool | None
type JSONObject = dict[str, JSON]
