"""The admin portal's notification pages: the message log, e-mail templates
and campaigns, under /admin/notifications/ (URL namespace ``notifications_admin``).

Interface code: forms parse input, views check the permission (through
StaffPortalMixin) and call one service or selector of apps.notifications."""
