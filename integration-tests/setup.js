// Medusa's ORM keeps model metadata in a global; clear it so each test file boots cleanly.
const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()
