/** Every object the PayCore check creates at PayCore has a reference with this prefix; the callback route ignores them. */
export const CHECK_REFERENCE_PREFIX = "paycore-check-"

export function isCheckReference(reference: unknown): boolean {
  return typeof reference === "string" && reference.startsWith(CHECK_REFERENCE_PREFIX)
}
