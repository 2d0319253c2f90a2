import { defineMiddlewares } from "@medusajs/framework/http"

export default defineMiddlewares({
  routes: [
    {
      // PayCore signs the exact bytes it sends: the callback route reads them itself (api/hooks/paycore/raw-body.ts).
      matcher: "/hooks/paycore",
      methods: ["POST"],
      bodyParser: false,
    },
  ],
})
