/** The specification a client looks for among discovery's endpoints. */
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/**
 * Kontakt's extension, listed as an endpoint of its own so GeoReport clients pass it by: under the
 * same url, GET addresses.{format}?q=<street> <building> gives the city's address_id values.
 */
export const ADDRESSES_EXTENSION = 'urn:kontakt:open311:addresses';

/** The GeoReport v2 discovery document: where the production endpoint lives and what it speaks. */
export function discoveryView(baseUrl: string, changeset: Date) {
  const stamp = changeset.toISOString();
  const endpoint = (specification: string) => ({
    specification,
    url: `${baseUrl}/open311/v2`,
    changeset: stamp,
    type: 'production',
    formats: ['text/xml', 'application/json'],
  });
  return {
    changeset: stamp,
    contact: 'Контакт-центр міста',
    key_service: 'Ключ api_key видає адміністратор Контакт-центру на запит організації',
    endpoints: [endpoint(GEOREPORT_V2), endpoint(ADDRESSES_EXTENSION)],
  };
}
