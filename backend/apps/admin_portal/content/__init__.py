"""The admin portal's content-management pages: the service catalog, the
portfolio, the media library and the CMS (pages, blog, banners,
testimonials, FAQ). Views parse, check permissions, call one domain service
or selector, and render."""
