"""Admin: sign-in and users, audit log, retention, app settings and the theme codebook."""
