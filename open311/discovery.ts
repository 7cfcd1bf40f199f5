/** The GeoReport v2 discovery document: where the one production endpoint lives and what it speaks. */
export function discoveryView(baseUrl: string, changeset: Date) {
  const stamp = changeset.toISOString();
  return {
    changeset: stamp,
    contact: 'Контакт-центр міста',
    key_service: 'Ключ api_key видає адміністратор Контакт-центру на запит організації',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: stamp,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
