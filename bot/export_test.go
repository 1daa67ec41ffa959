package bot

// CatalogFS is for the tests of package bot_test too.
var CatalogFS = catalogFS

// CutLink is for FuzzLink.
var CutLink = cutLink
