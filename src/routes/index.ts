/**
 * Every route of the API Worker, once. The router (src/app.ts), the OpenAPI document
 * (GET /openapi.json) and the tests' contract checks are built from these two lists.
 * Adding a route: write its file (definition and handler, see src/http/route.ts), name
 * it here, and test it.
 */
import type { Route } from "../http/route";
import { account as adminAccount } from "./admin/account";
import { changeEmail as adminChangeEmail } from "./admin/change-email";
import { deactivateMachine as adminDeactivateMachine } from "./admin/deactivate-machine";
import { events as adminEvents } from "./admin/events";
import { me } from "./admin/me";
import { resendLicenseEmail } from "./admin/resend-key";
import { restoreLicense, revokeLicense } from "./admin/license-status";
import { searchAccounts } from "./admin/search-accounts";
import { setSeats } from "./admin/seats";
import { sendSignInLink } from "./admin/sign-in-link";
import { logout } from "./auth/logout";
import { magicLink } from "./auth/magic-link";
import { session } from "./auth/session";
import { createSession } from "./checkout/create-session";
import { stripeWebhook } from "./checkout/stripe-webhook";
import { activate } from "./desktop/activate";
import { deactivate } from "./desktop/deactivate";
import { validate } from "./desktop/validate";
import { deviceAuthorize } from "./device/authorize";
import { deviceToken } from "./device/token";
import { devAccessCerts } from "./dev/access-certs";
import { devCheckoutConfirm, devCheckoutPage, devCheckoutSuccess } from "./dev/checkout";
import { devLicenses } from "./dev/licenses";
import { devMailbox } from "./dev/mailbox";
import { account as portalAccount } from "./portal/account";
import { deactivateMachine as portalDeactivateMachine } from "./portal/deactivate-machine";
import { device as portalDevice } from "./portal/device";
import { approveDevice as portalApproveDevice } from "./portal/device-approve";
import { denyDevice as portalDenyDevice } from "./portal/device-deny";
import { events as portalEvents } from "./portal/events";
import { live as portalLive } from "./portal/live";
import { machines as portalMachines, purchases as portalPurchases } from "./portal/reads";
import { deleteDocument as portalDeleteDocument } from "./portal/delete-document";
import { documents as portalDocuments } from "./portal/documents";
import { health } from "./service/health";
import { jwks } from "./service/jwks";
import { openApiRoute } from "./service/openapi";
import { deleteDocument } from "./sync/delete";
import { getDocument } from "./sync/get";
import { listDocuments } from "./sync/list";
import { live as syncLive } from "./sync/live";
import { putDocument } from "./sync/put";

export const ROUTES: readonly Route[] = [
  health,
  jwks,
  openApiRoute(() => [...ROUTES, ...DEV_ROUTES]),
  activate,
  deactivate,
  validate,
  createSession,
  stripeWebhook,
  magicLink,
  session,
  logout,
  portalAccount,
  portalMachines,
  portalDeactivateMachine,
  portalPurchases,
  portalEvents,
  portalLive,
  deviceAuthorize,
  deviceToken,
  portalDevice,
  portalApproveDevice,
  portalDenyDevice,
  me,
  searchAccounts,
  adminAccount,
  adminEvents,
  adminDeactivateMachine,
  sendSignInLink,
  setSeats,
  revokeLicense,
  restoreLicense,
  resendLicenseEmail,
  listDocuments,
  getDocument,
  putDocument,
  deleteDocument,
  syncLive,
  portalDocuments,
  portalDeleteDocument,
  adminChangeEmail,
];

/**
 * Development tools, in a router of their own that is consulted only in development
 * (isDevelopment: ENVIRONMENT=development *and* a loopback API origin). Anywhere else
 * these paths do not exist: the public router answers 404 for them.
 */
export const DEV_ROUTES: readonly Route[] = [devAccessCerts, devLicenses, devMailbox, devCheckoutPage, devCheckoutConfirm, devCheckoutSuccess];
