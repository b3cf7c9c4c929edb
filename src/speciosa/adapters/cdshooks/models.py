"""CDS Hooks 2.0 request, card and feedback shapes (https://cds-hooks.hl7.org/2.0/).

Requests are read leniently (unknown fields allowed, as the specification's extension rules
require); responses are strict so that every card we send is valid.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FhirAuthorization(_Lenient):
    access_token: str = Field(min_length=1)
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type name, not a secret
    expires_in: int | None = None
    scope: str | None = None
    subject: str | None = None


class HookRequest(_Lenient):
    hook: str = Field(min_length=1)
    hookInstance: str = Field(min_length=1)  # noqa: N815 - the specification's field name
    fhirServer: str | None = Field(default=None, pattern=r"^https?://")  # noqa: N815
    fhirAuthorization: FhirAuthorization | None = None  # noqa: N815
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _server_with_token(self) -> HookRequest:
        if self.fhirAuthorization is not None and not self.fhirServer:
            raise ValueError("fhirServer is required when fhirAuthorization is provided")
        return self


class Coding(_Strict):
    system: str | None = None
    code: str
    display: str | None = None


class Source(_Strict):
    label: str
    url: str | None = None
    topic: Coding | None = None


class Action(_Strict):
    type: Literal["create", "update", "delete"]
    description: str
    resource: dict[str, Any] | None = None
    resourceId: str | None = None  # noqa: N815


class Suggestion(_Strict):
    label: str
    uuid: str | None = None
    isRecommended: bool | None = None  # noqa: N815
    actions: list[Action] = Field(default_factory=list)


class Link(_Strict):
    label: str
    url: str
    type: Literal["absolute", "smart"] = "absolute"


class Card(_Strict):
    uuid: str
    summary: str = Field(max_length=139)
    detail: str | None = None
    indicator: Literal["info", "warning", "critical"]
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None  # noqa: N815
    overrideReasons: list[Coding] | None = None  # noqa: N815
    links: list[Link] | None = None

    @model_validator(mode="after")
    def _selection_with_suggestions(self) -> Card:
        if self.suggestions and self.selectionBehavior is None:
            raise ValueError("selectionBehavior is required when suggestions are present")
        return self


class CardsResponse(_Strict):
    cards: list[Card]
    systemActions: list[Action] | None = None  # noqa: N815


class OverrideReason(_Lenient):
    reason: Coding | None = None
    userComment: str | None = None  # noqa: N815


class AcceptedSuggestion(_Lenient):
    id: str


class Feedback(_Lenient):
    card: str = Field(min_length=1)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] | None = None  # noqa: N815
    overrideReason: OverrideReason | None = None  # noqa: N815
    outcomeTimestamp: str = Field(min_length=10)  # noqa: N815

    @model_validator(mode="after")
    def _accepted_needs_suggestions(self) -> Feedback:
        if self.outcome == "accepted" and not self.acceptedSuggestions:
            raise ValueError("acceptedSuggestions is required when outcome is 'accepted'")
        return self


class FeedbackRequest(_Lenient):
    feedback: list[Feedback] = Field(min_length=1)


class ServiceDefinition(_Strict):
    hook: str
    id: str
    title: str
    description: str
    prefetch: dict[str, str] = Field(default_factory=dict)
    usageRequirements: str | None = None  # noqa: N815


class Discovery(_Strict):
    services: list[ServiceDefinition]
