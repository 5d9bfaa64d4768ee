const unescapeHtml = (text: string) => text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

/**
 * Opens an export link as a person does: the GET shows a page (and spends nothing), and its
 * button POSTs the form, as a browser sends it; returns the POST's response.
 */
export async function download(link: string): Promise<Response> {
  const page = await fetch(link);
  const text = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(text)?.[1];
  const value = /<input type="hidden" name="link" value="([^"]*)">/.exec(text)?.[1];
  if (page.status !== 200 || action === undefined || value === undefined) throw new Error(`Not a download page (${page.status}): ${text.slice(0, 300)}`);
  return fetch(new URL(unescapeHtml(action), link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ link: unescapeHtml(value) }).toString(),
  });
}
