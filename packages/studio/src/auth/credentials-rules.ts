/** The owner password's rule, as the server checks it (SetupRequest: at least 10 characters). */
export const PASSWORD_MIN_LENGTH = 10;

export interface CredentialsProblems {
  email?: string;
  password?: string;
  confirm?: string;
}

/** What is wrong with an email and password before they are sent; empty when nothing is. */
export function checkCredentials(email: string, password: string, confirm?: string): CredentialsProblems {
  const problems: CredentialsProblems = {};
  const trimmed = email.trim();
  if (trimmed === '') problems.email = 'Enter your email address.';
  else if (!/^[^\s@]+@[^\s@]+$/.test(trimmed))
    problems.email = `"${trimmed}" is not an email address: it needs an @.`;
  if (password === '') problems.password = 'Enter a password.';
  else if (confirm !== undefined && password.length < PASSWORD_MIN_LENGTH) {
    problems.password = `The password has ${password.length} characters; it needs at least ${PASSWORD_MIN_LENGTH}.`;
  }
  if (confirm !== undefined && problems.password === undefined && confirm !== password) {
    problems.confirm = 'The two passwords differ: type the same password twice.';
  }
  return problems;
}
