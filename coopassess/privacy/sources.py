"""Where a request came from, as the audit log says it."""

COMMAND_LINE = "ligne de commande"
ADMIN_PAGE = "page d'administration"
