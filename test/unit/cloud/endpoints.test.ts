import { describe, it, expect } from 'vitest';
import { endpointFromEnv, parseEndpoint, tencentHost } from '../../../src-main/cloud/endpoints';

describe('tencentHost', () => {
  it('uses the nearest-region host per site and service', () => {
    expect(tencentHost('china', 'cvm', 'ap-guangzhou')).toBe('cvm.tencentcloudapi.com');
    expect(tencentHost('intl', 'cvm', 'ap-singapore')).toBe('cvm.intl.tencentcloudapi.com');
    expect(tencentHost('china', 'region')).toBe('region.tencentcloudapi.com');
    expect(tencentHost('intl', 'region')).toBe('region.intl.tencentcloudapi.com');
  });

  it('uses the regional host for finance regions', () => {
    expect(tencentHost('china', 'cvm', 'ap-shanghai-fsi')).toBe('cvm.ap-shanghai-fsi.tencentcloudapi.com');
    expect(tencentHost('china', 'cvm', 'ap-shenzhen-fsi')).toBe('cvm.ap-shenzhen-fsi.tencentcloudapi.com');
  });
});

describe('parseEndpoint', () => {
  it('accepts https anywhere and http on loopback, as an origin', () => {
    expect(parseEndpoint('http://127.0.0.1:4567')).toEqual({
      origin: 'http://127.0.0.1:4567',
      host: '127.0.0.1:4567',
      hostname: '127.0.0.1',
      port: 4567,
      loopback: true,
    });
    expect(parseEndpoint('https://api.example.com')).toMatchObject({ port: 443, loopback: false });
    expect(parseEndpoint('http://localhost')).toMatchObject({ port: 80, loopback: true });
    expect(parseEndpoint('http://localhost:80/').host).toBe('localhost');
    expect(parseEndpoint('https://api.example.com').host).toBe('api.example.com');
    expect(parseEndpoint('http://[::1]:9000').hostname).toBe('[::1]');
  });

  it.each([
    ['not a url', /not a URL/],
    ['ftp://127.0.0.1', /http: or https:/],
    ['http://192.168.1.10:8080', /loopback/],
    ['https://u:p@api.example.com', /user name/],
    ['https://api.example.com/v3', /origin only/],
    ['https://api.example.com/?a=1', /origin only/],
  ])('rejects %s', (raw, why) => {
    expect(() => parseEndpoint(raw)).toThrow(why);
  });

  it('reads CVM_CONSOLE_API_ENDPOINT', () => {
    expect(endpointFromEnv({ CVM_CONSOLE_API_ENDPOINT: ' http://127.0.0.1:1 ' })).toBe('http://127.0.0.1:1');
    expect(endpointFromEnv({ CVM_CONSOLE_API_ENDPOINT: '' })).toBeUndefined();
    expect(endpointFromEnv({})).toBeUndefined();
  });
});
