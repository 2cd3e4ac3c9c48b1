// placeholder, replaced below
export async function handler(): Promise<void> {}
