import type { ServiceImpl } from "@connectrpc/connect";
import { IdentityService } from "@flyte-ts/idl/gen/flyteidl/service/identity_pb";
import type { ServiceBinding } from "./server.js";

/** Who the server says the caller is (OpenID Connect claims, snake_case as `/me` answers them). */
export type UserInfo = Record<string, unknown>;

/** Without authentication everyone is the local user. */
export const LOCAL_USER: UserInfo = { subject: "local", name: "Local user", preferred_username: "local" };

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** IdentityService.UserInfo answering the same claims as `GET /me`. */
export function identityBinding(userInfo: () => UserInfo): ServiceBinding {
  const impl: Partial<ServiceImpl<typeof IdentityService>> = {
    userInfo: () => {
      const u = userInfo();
      return {
        subject: text(u.subject),
        name: text(u.name),
        preferredUsername: text(u.preferred_username),
        givenName: text(u.given_name),
        familyName: text(u.family_name),
        email: text(u.email),
        picture: text(u.picture),
      };
    },
  };
  return { service: IdentityService, impl: impl };
}
