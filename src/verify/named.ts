// Coded verifiers for schemes a request template cannot express (request signing, signed
// JWT exchanges). A rule names one in its verify block (`verifier = "aws-sigv4"`); the
// provider host is fixed in each, never read from the scanned text.
import type { NamedVerifier } from "../types.js";
import type { CodedVerifier } from "./coded.js";
import { awsSigV4 } from "./aws-sigv4.js";
import { azureSharedKey } from "./azure-shared-key.js";
import { googleServiceAccount } from "./google-service-account.js";

export const NAMED_VERIFIERS: Record<NamedVerifier, CodedVerifier> = {
  "aws-sigv4": awsSigV4,
  "google-service-account": googleServiceAccount,
  "azure-shared-key": azureSharedKey,
};
