import type { ConfigProblem } from './env-reader';

/**
 * App Service puts a Key Vault reference's own text in the setting when it cannot resolve it
 * (the secret is not there yet, or the app may not read it). That text is long enough to pass
 * for a key, and anyone with Reader access to the app can see it: pseudonyms and export links
 * keyed by it would be keyed by a public string, and would change once the reference resolves.
 */
export function isKeyVaultReference(value: string): boolean {
  return /^\s*@Microsoft\.KeyVault\(/i.test(value);
}

export function unresolvedReference(variable: string): ConfigProblem {
  return {
    variable,
    problem: 'is an unresolved Key Vault reference (@Microsoft.KeyVault(…)): App Service could not read the secret, so it passed on the reference itself.',
    fix: "Create the secret in Key Vault and give the app's identity 'Key Vault Secrets User' (docs/deploy.md, step 3), refresh the references (az rest --method post --url \"https://management.azure.com<app resource id>/config/configreferences/appsettings/refresh?api-version=2022-03-01\"), check that each shows Resolved (Configuration > Key Vault references), then restart the app.",
  };
}
