"""The kinds of definition, in the one order every list of them follows.

The order is SPEC.md's: persona, phase, channel, touchpoint, journey, then the kinds added
since (system: what supports a step of a service blueprint). Pages and the site's
navigation use the plural (the folder a kind's pages stand in) and their own order, journeys
first, as readers come for them.
"""

from __future__ import annotations

KINDS = ("persona", "phase", "channel", "touchpoint", "journey", "system")
PLURALS = {kind: f"{kind}s" for kind in (*KINDS, "step")}
# The generated sections of a site, in the order readers meet them.
SITE_ORDER = ("journey", "persona", "phase", "touchpoint", "channel", "system")
